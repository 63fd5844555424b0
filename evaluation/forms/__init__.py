"""The evaluation app's forms, one module per area (as its views and services)."""
