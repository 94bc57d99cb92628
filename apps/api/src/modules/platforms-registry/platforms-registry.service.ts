import { Injectable } from '@nestjs/common';

import { PLATFORM_DESCRIPTORS, type AnyPlatformDescriptor, type ComposerOptionField } from '@mwr/publishers';

import type { ComposerOptionFieldDto, PlatformDto } from './dto/platform.dto.js';

/** One option of a descriptor's composer schema, as the API shows it (the descriptor's English `label` stays server-side). */
function fieldOf(name: string, field: ComposerOptionField): ComposerOptionFieldDto {
  const { label: _label, hidden, capability, unattended, ...rest } = field;
  const copied = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, Array.isArray(value) ? [...(value as unknown[])] : value]));
  return {
    name,
    ...copied,
    hidden: hidden === true,
    ...(capability ? { capability: { ...capability } } : {}),
    ...(unattended ? { unattended: { ...unattended } } : {}),
  } as ComposerOptionFieldDto;
}

function platformOf(d: AnyPlatformDescriptor): PlatformDto {
  const { maxLength, counting, maxHashtags, maxMentions } = d.caption;
  const { containers, maxDurationSec, minDurationSec, maxBytes, aspect } = d.media;
  return {
    id: d.id,
    displayName: d.displayName,
    composer: {
      fields: Object.entries(d.composer.options.fields).map(([name, field]) => fieldOf(name, field)),
      rules: d.composer.options.rules.map((rule) => ({
        if: { field: rule.if.field, equals: rule.if.equals as string | boolean | number },
        then: { field: rule.then.field, notIn: [...rule.then.notIn] as (string | boolean | number)[] },
        message: rule.message,
      })),
    },
    caption: { maxLength, counting, ...(maxHashtags !== undefined ? { maxHashtags } : {}), ...(maxMentions !== undefined ? { maxMentions } : {}) },
    media: {
      containers: [...containers],
      maxDurationSec,
      ...(minDurationSec !== undefined ? { minDurationSec } : {}),
      maxBytes,
      ...(aspect ? { aspect: { ...aspect } } : {}),
    },
  };
}

/** What the composer needs to know of each platform, read from the platform registry's descriptors. */
@Injectable()
export class PlatformsRegistryService {
  private readonly platforms: PlatformDto[] = PLATFORM_DESCRIPTORS.map(platformOf);

  list(): PlatformDto[] {
    return this.platforms;
  }
}
