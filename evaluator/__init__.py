"""govshare evaluator package."""
