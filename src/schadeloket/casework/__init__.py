"""Case work pages for staff under /behandeling/: work lists, the case page, review, payments."""
