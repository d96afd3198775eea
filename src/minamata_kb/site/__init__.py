"""The site's face over the domain apps: home page, navigation, health, backup and restore."""
