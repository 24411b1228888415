"""The audit log: record who changed what (old → new) in the same transaction as the change."""
