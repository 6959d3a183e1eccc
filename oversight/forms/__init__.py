"""Page forms. They check what a person typed (in Chinese, next to the field); the services decide
whether the step is allowed."""
