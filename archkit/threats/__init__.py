"""The threat model derived from the architecture model: STRIDE threats on every connection that crosses a trust
boundary and on every data store, each mitigated by an element of the model or open with a fix."""
