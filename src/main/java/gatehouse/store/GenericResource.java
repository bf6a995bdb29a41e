package gatehouse.store;

import java.io.Serializable;
import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A resource of a type without its own entity, stored as a JSON document. */
@Entity
@Table(name = "resources")
@IdClass(GenericResource.Key.class)
public class GenericResource extends StoredResource {

    @Id
    @Column(name = "res_type", length = 64)
    private String type;

    @Id
    @Column(name = "res_id", length = 64)
    private String id;

    @Column(name = "content", nullable = false)
    private String content;

    protected GenericResource() {
    }

    GenericResource(String type, String id) {
        this.type = type;
        this.id = id;
    }

    void attributes(JsonObject attributes, long now) {
        content = attributes.toString();
        touch(now);
    }

    String id() {
        return id;
    }

    JsonObject render() {
        return Resources.render(type, id, versionId, lastUpdated, Resources.parse(content));
    }

    public static class Key implements Serializable {
        private String type;
        private String id;

        public Key() {
        }

        public Key(String type, String id) {
            this.type = type;
            this.id = id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(type, key.type) && Objects.equals(id, key.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, id);
        }
    }
}
