"""Property context: the equipment register, custody (issue, return, relocation), maintenance, inventory counts,
loss and write-off."""
