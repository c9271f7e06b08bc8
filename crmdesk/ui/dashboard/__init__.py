"""The Dashboard tab: the charts a sales manager looks at first."""
