"""The event store, apart from the model: recorders with the hash chain, the msgspec mapper, store
URLs, signing keys, integrity checks and exports."""
