"""Official social-media accounts: registry, history, CSV/XLSX import and export."""
