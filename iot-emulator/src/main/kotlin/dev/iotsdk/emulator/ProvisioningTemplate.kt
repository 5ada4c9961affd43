package dev.iotsdk.emulator

import java.util.function.Predicate

/**
 * A fleet provisioning template of the emulator (see [IotEmulator.createProvisioningTemplate]): what RegisterThing
 * does for a device presenting a certificate ownership token.
 *
 * - [parameters]: every parameter the template uses, by name, with a regular expression its value must match. Each
 *   is required: a RegisterThing without it, or with a value that does not match, is rejected with status 400 and
 *   error code `InvalidParameters`.
 * - [thingNamePattern]: the thing name, with `{Name}` replaced by the value of parameter `Name`
 *   (`"sensor-{SerialNumber}"`); the result must be a valid thing name. An existing thing is reused.
 * - [policyName]: the policy attached to the new certificate (it must exist when a device registers); with none, the
 *   emulator's default policy applies.
 * - [deviceConfiguration]: returned to the device in the RegisterThing response.
 * - [preProvisioningHook]: like a pre-provisioning Lambda, sees the parameters and may refuse (status 403,
 *   `AccessDenied`).
 *
 * Kotlin:
 * ```kotlin
 * emulator.createProvisioningTemplate(
 * ProvisioningTemplate("factory", "sensor-{SerialNumber}", mapOf("SerialNumber" to "[0-9]{4,12}"), policyName =
 * "device"),
 * )
 * ```
 * Java:
 * ```java
 * emulator.createProvisioningTemplate(new ProvisioningTemplate("factory", "sensor-{SerialNumber}", Map.of("SerialNumber", "[0-9]+")));
 * ```
 */
public class ProvisioningTemplate @JvmOverloads constructor(
    /** The template name, a topic level of RegisterThing (`[0-9A-Za-z_-]{1,36}`). */
    public val name: String,
    /** The thing name with `{Parameter}` placeholders. */
    public val thingNamePattern: String,
    /** Parameter name to the regular expression its value must match (whole value). */
    public val parameters: Map<String, String> = emptyMap(),
    /** The policy attached to provisioned certificates, or `null` for the default policy. */
    public val policyName: String? = null,
    /** Returned as `deviceConfiguration` by RegisterThing. */
    public val deviceConfiguration: Map<String, String> = emptyMap(),
    /** Called with the request's parameters; `false` refuses the registration. */
    public val preProvisioningHook: Predicate<Map<String, String>>? = null,
) {
    init {
        require(name.matches(Regex("[0-9A-Za-z_-]{1,36}"))) {
            "invalid template name '$name' (allowed: [0-9A-Za-z_-]{1,36})"
        }
        require(thingNamePattern.isNotBlank()) { "the thing name pattern must not be blank" }
        parameters.values.forEach { Regex(it) }
        Regex("\\{([^}]*)}").findAll(thingNamePattern).forEach {
            require(it.groupValues[1] in parameters) {
                "the thing name pattern uses {${it.groupValues[1]}}, which is not a parameter"
            }
        }
    }

    override fun toString(): String = "ProvisioningTemplate($name, thingName=$thingNamePattern, policy=$policyName)"
}
