-- The shop of the MM-cat example as an SQLite database: products, and the items of orders keyed
-- by (product, order number). `mmcat serve --demo` makes DATA/demo/shop.sqlite from it;
-- `sqlite3 shop.sqlite < examples/shop.sql` makes one by hand.
CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price NUMERIC);
INSERT INTO product VALUES (123, 'Toy', 125), (457, 'Knife', 299), (734, 'Doll', 350),
    (765, 'Book', 199), (901, 'Lamp', 480);
CREATE TABLE order_item (number INTEGER, productId INTEGER, quantity INTEGER,
    PRIMARY KEY (productId, number));
INSERT INTO order_item VALUES (2043, 123, 1), (2043, 765, 2), (1653, 457, 7), (1700, 901, 1);
