"""Running a Pulumi Python program offline, under mocks that answer like AWS, and recording its resource graph."""
