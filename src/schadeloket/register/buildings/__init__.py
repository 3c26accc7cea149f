"""Buildings and objects at an address, and who owned or lived in them when."""
