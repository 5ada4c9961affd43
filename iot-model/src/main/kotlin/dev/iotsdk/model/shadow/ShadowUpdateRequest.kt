package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable

/**
 * A request document published to `…/shadow/update`: [state] (desired and/or reported), an optional [clientToken]
 * echoed in the responses, and an optional [version] that makes the update conditional on the shadow's current
 * version (a mismatch is rejected with 409).
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowUpdateRequest(
    /** The sections to change; `null` values delete keys. */
    public val state: ShadowState? = null,
    /** The token echoed in the responses, at most 64 bytes. */
    public val clientToken: String? = null,
    /** The version the shadow must have now for the update to apply. */
    public val version: Long? = null,
) {
    override fun toString(): String = "ShadowUpdateRequest(state=$state, clientToken=$clientToken, version=$version)"
}
