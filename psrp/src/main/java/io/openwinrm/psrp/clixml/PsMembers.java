package io.openwinrm.psrp.clixml;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the members of a deserialized message object, for the message and command codecs. A missing or
 * mistyped required member is a {@link PsrpError#INVALID_MESSAGE} naming the context and the member. Integer
 * members accept any CLIXML integer type that holds the value (Windows answers with I32 where the spec says I64).
 */
public final class PsMembers {
    private final PsObject object;
    private final String context;

    private PsMembers(PsObject object, String context) {
        this.object = object;
        this.context = context;
    }

    /**
     * Views a value as an object with members.
     *
     * @param context what is being read, for error messages (e.g. {@code "INIT_RUNSPACEPOOL"})
     */
    public static PsMembers of(PsValue value, String context) {
        if (value instanceof PsObject o) {
            return new PsMembers(o, context);
        }
        throw invalid(context + ": expected an <Obj>, found " + describe(value));
    }

    public PsObject object() {
        return object;
    }

    public Optional<PsValue> optional(String name) {
        return object.property(name);
    }

    public PsValue require(String name) {
        return object.property(name).orElseThrow(() -> invalid(context + ": member " + name + " is missing"));
    }

    public long requireLong(String name) {
        return asLong(require(name), name);
    }

    public int requireInt(String name) {
        long v = requireLong(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(context + ": member " + name + " = " + v + " is out of range");
        }
        return (int) v;
    }

    public Optional<Long> optionalLong(String name) {
        return optional(name).filter(v -> !(v instanceof PsNull)).map(v -> asLong(v, name));
    }

    public boolean requireBool(String name) {
        PsValue v = require(name);
        if (v instanceof PsBool b) {
            return b.value();
        }
        throw invalid(context + ": member " + name + " is " + describe(v) + ", expected <B>");
    }

    /** A boolean member, or {@code absent} if missing or Nil. */
    public boolean optionalBool(String name, boolean absent) {
        return optional(name).filter(v -> !(v instanceof PsNull)).map(v -> {
            if (v instanceof PsBool b) {
                return b.value();
            }
            throw invalid(context + ": member " + name + " is " + describe(v) + ", expected <B>");
        }).orElse(absent);
    }

    /** A string member; Nil is null. */
    public String requireStringOrNull(String name) {
        PsValue v = require(name);
        if (v instanceof PsNull) {
            return null;
        }
        if (v instanceof PsString s) {
            return s.value();
        }
        throw invalid(context + ": member " + name + " is " + describe(v) + ", expected <S>");
    }

    /** A string member, or null if missing or Nil. */
    public String optionalString(String name) {
        return optional(name).isPresent() ? requireStringOrNull(name) : null;
    }

    public PsVersion requireVersion(String name) {
        PsValue v = require(name);
        if (v instanceof PsVersion ver) {
            return ver;
        }
        if (v instanceof PsString s) {
            try {
                return PsVersion.parse(s.value());
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw invalid(context + ": member " + name + " is " + describe(v) + ", expected <Version>");
    }

    /** An enum member: an {@code <Obj>} with an integer base value, or a bare integer. */
    public long requireEnum(String name) {
        PsValue v = require(name);
        if (v instanceof PsObject o && o.enumValue().isPresent()) {
            return o.enumValue().get();
        }
        return asLong(v, name);
    }

    /** An enum member that must fit an int (every PSRP enum and flag set does). */
    public int requireIntEnum(String name) {
        long v = requireEnum(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(context + ": member " + name + " = " + v + " is out of range");
        }
        return (int) v;
    }

    /** An int enum member, or {@code absent} if missing or Nil. */
    public int optionalIntEnum(String name, int absent) {
        Optional<PsValue> v = optional(name);
        return v.isEmpty() || v.get() instanceof PsNull ? absent : requireIntEnum(name);
    }

    /** The items of a list-valued member ({@code <Obj><LST>}); Nil is an empty list. */
    public List<PsValue> requireList(String name) {
        PsValue v = require(name);
        if (v instanceof PsNull) {
            return List.of();
        }
        if (v instanceof PsObject o && o.container() instanceof PsList l) {
            return l.items();
        }
        throw invalid(context + ": member " + name + " is " + describe(v) + ", expected a list");
    }

    private long asLong(PsValue v, String name) {
        if (v instanceof PsInteger i) {
            if (i.type() == IntegerType.UINT64 && i.value() < 0) {
                throw invalid(context + ": member " + name + " = " + i.text() + " is out of range");
            }
            return i.value();
        }
        throw invalid(context + ": member " + name + " is " + describe(v) + ", expected an integer");
    }

    /** A short description of a value for error messages: its element name. */
    public static String describe(PsValue v) {
        if (v instanceof PsPrimitive p) {
            return "<" + p.tag() + ">";
        }
        return v instanceof PsObject ? "<Obj>" : "<Nil>";
    }

    private static PsrpException invalid(String message) {
        return new PsrpException(PsrpError.INVALID_MESSAGE, message);
    }
}
