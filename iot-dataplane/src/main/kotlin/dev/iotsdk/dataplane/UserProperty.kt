package dev.iotsdk.dataplane

/** One MQTT 5 user property (a name may repeat in a list). */
public class UserProperty(
    /** The name. */
    public val name: String,
    /** The value. */
    public val value: String,
) {
    override fun equals(other: Any?): Boolean = other is UserProperty && other.name == name && other.value == value

    override fun hashCode(): Int = 31 * name.hashCode() + value.hashCode()

    override fun toString(): String = "$name=$value"
}
