"""negostance: stance of quoted statements in news toward negotiations."""

__version__ = "0.1.0"

#: The label set, in the one fixed order used for model outputs and stored with every checkpoint.
LABELS: tuple[str, ...] = ("favor", "against", "none")
