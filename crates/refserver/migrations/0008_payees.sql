-- An account the utility has closed (moved away, merged): it can no longer be paid for.
ALTER TABLE accounts ADD COLUMN closed_on TEXT;
