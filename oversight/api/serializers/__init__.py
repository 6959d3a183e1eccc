"""Output serializers per domain (read-only: writes go through services) and action inputs."""
