import { mount } from 'svelte';
import App from './App.svelte';
import { exposeHeadlessApi } from './headless-api';
import './app.css';

exposeHeadlessApi();
mount(App, { target: document.getElementById('app')! });
