-- A name's versions only grow: the last version given under each name, kept when its models are
-- deleted, so that name/versions/N never names two models. Registrations of one name take turns on
-- its row instead of racing for MAX(version) + 1. Versions deleted before this migration are unknown;
-- a name starts after its highest stored version.
CREATE TABLE model_name (
    name         VARCHAR(200) PRIMARY KEY,
    last_version INTEGER      NOT NULL
);
INSERT INTO model_name (name, last_version) SELECT name, MAX(version) FROM model GROUP BY name;
