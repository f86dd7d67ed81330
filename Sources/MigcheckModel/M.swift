public enum PlaceholderM {}
