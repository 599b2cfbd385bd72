package io.emotrace.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;

/**
 * Frees a network built from LibTorch modules when its owner closes it. Each registered layer (and each layer of
 * a nested block) is a Java wrapper holding its own reference to the C++ module; closing only the top module
 * leaves the layers' weights alive until the garbage collector finds the wrappers. This closes every
 * {@link Pointer} held in an instance field (arrays and nested project modules included), deepest first.
 */
public final class TorchModules {
    private TorchModules() {
    }

    /** Closes the Pointers in {@code owner}'s instance fields (not {@code owner} itself). */
    public static void closeFields(Object owner) {
        closeFields(owner, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void closeFields(Object owner, Set<Object> seen) {
        if (!seen.add(owner)) {
            return;
        }
        for (Class<?> c = owner.getClass(); c != null && c.getName().startsWith("io.emotrace."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    close(f.get(owner), seen);
                } catch (IllegalAccessException | RuntimeException e) {
                    // a field we cannot read holds nothing we allocated
                }
            }
        }
    }

    private static void close(Object value, Set<Object> seen) {
        if (value instanceof Pointer p) {
            if (p.getClass().getName().startsWith("io.emotrace.")) {
                closeFields(p, seen); // one of our blocks: its own layers first
            }
            p.close();
        } else if (value instanceof Object[] array) {
            for (Object o : array) {
                close(o, seen);
            }
        }
    }
}
