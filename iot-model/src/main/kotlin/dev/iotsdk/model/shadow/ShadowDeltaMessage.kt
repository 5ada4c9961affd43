package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonObject

/**
 * A message on `…/update/delta`: the desired fields that differ from reported ([state], nested objects down to the
 * differing leaves, arrays whole), their desired [metadata], the shadow [version] and the [clientToken] of the
 * update that caused it.
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowDeltaMessage(
    /** The differing desired fields. */
    public val state: JsonObject,
    /** Their desired metadata. */
    public val metadata: JsonObject? = null,
    /** The shadow version after the update. */
    public val version: Long? = null,
    /** When it was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The client token of the update that caused it. */
    public val clientToken: String? = null,
) {
    override fun toString(): String = "ShadowDeltaMessage(version=$version, state=$state, clientToken=$clientToken)"
}
