"""The web surfaces' core: `calendar` and `dashboard` commands, the personal calendar feed, page models."""
