"""Vector-store schema for the search service; not a Django migration."""
INDEX = {"name": "products", "dimensions": 384}


def upgrade(client):
    client.create_index(**INDEX)
