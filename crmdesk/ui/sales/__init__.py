"""Sales: leads and opportunities (views, cards, dialogs, status changes), the pipeline
board and the forecast, quotes and the product list."""
