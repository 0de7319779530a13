# Integration tests (shell scripts). Owned by the integration-test work.
