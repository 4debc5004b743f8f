"""What keeps residents unidentifiable: disclosure control of counts, the free-text anonymiser."""
