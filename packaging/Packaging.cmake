# Filled in by the packaging issue.
