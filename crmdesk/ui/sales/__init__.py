"""The sales widgets: leads, opportunities, the pipeline board, the forecast, quotes."""
