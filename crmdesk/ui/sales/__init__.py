"""The sales windows: quotes and the product list."""
