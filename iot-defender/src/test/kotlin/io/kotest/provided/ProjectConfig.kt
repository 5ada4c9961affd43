package io.kotest.provided

import io.kotest.core.config.AbstractProjectConfig
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/** A hung test fails after two minutes instead of holding CI for its whole budget. */
class ProjectConfig : AbstractProjectConfig() {
    override val timeout: Duration = 2.minutes
}
