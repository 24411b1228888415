"""`make bench`: every hot path against a bare baseline measured in the same run."""
