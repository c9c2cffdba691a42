"""Thai conventions with no Django inside: Buddhist Era, fiscal years, Thai digits."""
