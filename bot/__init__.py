"""The mentorbot core: commands, replies, use cases and the career catalog's views."""
