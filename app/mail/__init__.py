"""E-mail: the outbox (written in the change's transaction, sent after commit) and rendering."""
