-- A small catalogue so that a newcomer can order at once after ./sagashop up, which adds
-- this location (FLYWAY_LOCATIONS). Products that exist keep their stock.
INSERT INTO products (sku, name, price, currency, available, version, created_at) VALUES
    ('MUG-1',    'Mug',                 1250, 'EUR', 100, 0, now()),
    ('TEE-M',    'T-shirt, size M',     1990, 'EUR', 100, 0, now()),
    ('HOODIE-L', 'Hoodie, size L',      4900, 'EUR',  50, 0, now()),
    ('CAP-1',    'Cap',                 1500, 'EUR',  75, 0, now()),
    ('STICKERS', 'Sticker pack',         300, 'EUR', 500, 0, now()),
    ('BOOK-SAGA','Sagas in practice',   3500, 'EUR',  20, 0, now())
ON CONFLICT (sku) DO NOTHING;
