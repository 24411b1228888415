"""Charts rendered on the server as SVG (readable without JS), always shown with their numbers as a table."""
