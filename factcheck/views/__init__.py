"""Workbench views, one module per feature; each view only translates HTTP."""
