import { Module } from '@nestjs/common';
import { TrendsController } from './trends.controller.js';
import { TrendsRepository } from './trends.repository.js';
import { TrendsService } from './trends.service.js';

/** Trend Radar (api role): curated entries, CRUD. */
@Module({ controllers: [TrendsController], providers: [TrendsService, TrendsRepository], exports: [TrendsService] })
export class TrendsModule {}
