package dev.iotsdk.core

/** An MQTT 5 user property: a name/value pair; names may repeat. */
public class UserProperty(
    /** The property name. */
    public val name: String,
    /** The property value. */
    public val value: String,
) {
    override fun equals(other: Any?): Boolean = other is UserProperty && other.name == name && other.value == value
    override fun hashCode(): Int = 31 * name.hashCode() + value.hashCode()
    override fun toString(): String = "$name=$value"
}
