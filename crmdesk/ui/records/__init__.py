"""The generic pieces every kind of record is shown with: list, lazy table model, card
grid, A-Z bar, detail pane and dialog base. Nothing here knows contacts or accounts."""
