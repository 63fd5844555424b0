# The value and idea catalogue is compiled from a process once the value debate has
# produced ideas; its models arrive with that work.
