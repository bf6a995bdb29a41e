package gatehouse.store;

import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Finds the store of a resource type: its own, or the generic one. */
@ApplicationScoped
public class ResourceStores {

    @Inject
    @Any
    Instance<ResourceStore> all;

    @Inject
    GenericResources generic;

    private final Map<String, ResourceStore> typed = new HashMap<>();

    @PostConstruct
    void index() {
        for (ResourceStore store : all) {
            if (!"*".equals(store.type())) {
                typed.put(store.type(), store);
            }
        }
    }

    public ResourceStore of(String type) {
        return typed.getOrDefault(type, generic);
    }
}
