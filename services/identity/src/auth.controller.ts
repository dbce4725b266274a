import { Controller, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientCredentialsRequest, LoginRequest, TokenResponse } from '@ipledger/contracts';
import { ApiRoute, sourceAddressOf, ValidBody } from '@ipledger/service-kit';
import { AuthService } from './auth.service';

/** The two public routes: a person's login and a machine client's token. */
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiRoute('POST', '/api/auth/login')
  login(@ValidBody() body: LoginRequest, @Req() request: Request): Promise<TokenResponse> {
    return this.auth.login(body.username, body.password, sourceAddressOf(request));
  }

  @ApiRoute('POST', '/api/auth/token')
  token(@ValidBody() body: ClientCredentialsRequest, @Req() request: Request): Promise<TokenResponse> {
    return this.auth.clientCredentials(body.clientId, body.clientSecret, sourceAddressOf(request));
  }
}
