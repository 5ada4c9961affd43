package dev.iotsdk.benchmarks.micro

import kotlinx.serialization.Serializable

/** A shadow update document of the size devices typically send, for the JSON microbenchmarks. */
@Serializable
public class ShadowUpdate(
    /** `state.reported`/`state.desired`. */
    public val state: ShadowState,
    /** The client token. */
    public val clientToken: String? = null,
    /** The expected version. */
    public val version: Long? = null,
)
