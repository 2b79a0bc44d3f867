"""Official documents of a Lithuanian city's strategic development plan, built from content files."""
