import { Module } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AiController } from './ai.controller.js';
import { AiRepository } from './ai.repository.js';
import { AiService } from './ai.service.js';
import { CAPTION_SUGGESTER, type CaptionSuggester } from './caption-suggester.js';
import { OpenAiCompatibleDriver } from './openai-compatible.driver.js';

/** AI caption suggestions (api role, issue 24): owns ai_settings. Without AI_BASE_URL there is no driver and the feature answers AI_DISABLED. */
@Module({
  controllers: [AiController],
  providers: [
    AiService,
    AiRepository,
    {
      provide: CAPTION_SUGGESTER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): CaptionSuggester | null => (config.ai ? new OpenAiCompatibleDriver(config.ai) : null),
    },
  ],
  exports: [AiService],
})
export class AiModule {}
