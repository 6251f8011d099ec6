"""Correspondence context: the General department's registry of incoming, outgoing and confidential documents."""
