"""The back office's own rules and read models (no request globals). The program's rules live in app.program."""
